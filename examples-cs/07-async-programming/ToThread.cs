// Card: asyncio.to_thread vs Task.Run - offload a blocking call to a worker thread, the event loop stays free
using System.Diagnostics;

var baseUrl = Environment.GetEnvironmentVariable("MIRROR_HTTP_BASE");
var mainThreadId = Environment.CurrentManagedThreadId;
using var client = new HttpClient();

string BlockingFetch(string url) // synchronous library code you cannot change
{
    Console.WriteLine($"blocking call on a worker thread: {Environment.CurrentManagedThreadId != mainThreadId}");
    using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url));
    using var reader = new StreamReader(response.Content.ReadAsStream());
    return reader.ReadToEnd();
}

async Task<string> FetchAsync(string url) => await client.GetStringAsync(url);

await client.GetStringAsync($"{baseUrl}/greeting.txt"); // warm-up: the first request pays one-time setup (JIT, connection)
var stopwatch = Stopwatch.StartNew();
#region core
var results = await Task.WhenAll(
    Task.Run(() => BlockingFetch($"{baseUrl}/delay?ms=400&body=report")), // thread-pool thread
    FetchAsync($"{baseUrl}/delay?ms=400&body=page") // meanwhile, no thread blocked
);
#endregion
var elapsed = stopwatch.Elapsed.TotalSeconds;
Console.WriteLine($"results: {results[0]}, {results[1]}");
Console.WriteLine($"overlapped, took < 0.8 s (less than 0.4 + 0.4): {elapsed < 0.8}");
