// Card: requests inside async def vs await GetStringAsync - a blocking call freezes the whole event loop
var baseUrl = Environment.GetEnvironmentVariable("MIRROR_HTTP_BASE");
using var client = new HttpClient();
var events = new List<string>(); // every fetch records its start and its end

void Record(string e)
{
    lock (events) events.Add(e);
}

int MostInFlight()
{
    int running = 0, most = 0;
    foreach (var e in events)
    {
        running += e.StartsWith("start") ? 1 : -1;
        most = Math.Max(most, running);
    }
    return most;
}

#region blocking
async Task<string> FetchBlocking(string url, string name)
{
    Record($"start {name}");
    // Synchronous Send: blocks this thread before the method ever reaches an await
    using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url));
    Record($"end {name}");
    return await response.Content.ReadAsStringAsync();
}
#endregion

#region async
async Task<string> FetchAsync(string url, string name, StartGate gate)
{
    Record($"start {name}");
    await gate.Arrive(); // opens once all three have started: only concurrent fetches get past it
    var text = await client.GetStringAsync(url); // suspends: the thread is free meanwhile
    Record($"end {name}");
    return text;
}
#endregion

var urls = Enumerable.Range(1, 3).Select(i => $"{baseUrl}/delay?ms=100&body=page{i}").ToArray();

var texts = await Task.WhenAll(urls.Select((url, i) => FetchBlocking(url, $"page{i + 1}")));
Console.WriteLine($"blocking fetches: {string.Join(", ", texts)}");
Console.WriteLine($"  events: {string.Join(", ", events)}");
Console.WriteLine($"  most fetches in flight at once: {MostInFlight()}");

events.Clear();
var gate = new StartGate(urls.Length); // an async barrier: .NET's Barrier blocks threads
texts = await Task.WhenAll(urls.Select((url, i) => FetchAsync(url, $"page{i + 1}", gate)));
Console.WriteLine($"async fetches: {string.Join(", ", texts)}");
Console.WriteLine($"  first events: {string.Join(", ", events.Take(3))}");
Console.WriteLine($"  most fetches in flight at once: {MostInFlight()}");

// Opens once `parties` fetches have arrived, like Python's asyncio.Barrier
class StartGate(int parties)
{
    readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Arrive()
    {
        if (Interlocked.Decrement(ref parties) == 0)
            opened.SetResult();
        return opened.Task;
    }
}
