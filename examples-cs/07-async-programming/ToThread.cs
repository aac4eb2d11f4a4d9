// Card: asyncio.to_thread vs Task.Run - offload a blocking call to a worker thread, the event loop stays free
var baseUrl = Environment.GetEnvironmentVariable("MIRROR_HTTP_BASE");
var mainThreadId = Environment.CurrentManagedThreadId;
using var client = new HttpClient();
var events = new List<string>(); // what happened, in order
var onWorkerThread = false;
using var pageFetched = new ManualResetEventSlim(); // set by the async fetch, waited for by the worker thread

void Record(string e)
{
    lock (events) events.Add(e);
}

string BlockingFetch(string url) // synchronous code you cannot change
{
    onWorkerThread = Environment.CurrentManagedThreadId != mainThreadId;
    // Returns only after the async fetch has finished meanwhile
    pageFetched.Wait();
    using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url));
    using var reader = new StreamReader(response.Content.ReadAsStream());
    var text = reader.ReadToEnd();
    Record("worker: report fetched, after the page");
    return text;
}

async Task<string> FetchAsync(string url)
{
    var text = await client.GetStringAsync(url);
    Record("event loop: page fetched while the worker thread was blocked");
    pageFetched.Set();
    return text;
}

#region core
var results = await Task.WhenAll(
    Task.Run(() => BlockingFetch($"{baseUrl}/delay?ms=50&body=report")), // thread-pool thread
    FetchAsync($"{baseUrl}/delay?ms=50&body=page") // meanwhile, no thread blocked
);
#endregion
Console.WriteLine($"blocking call on a worker thread: {onWorkerThread}");
Console.WriteLine(string.Join("\n", events));
Console.WriteLine($"results: {results[0]}, {results[1]}");
