// Card: asyncio.gather vs Task.WhenAll - results come back in argument order, not completion order
using System.Diagnostics;

var baseUrl = Environment.GetEnvironmentVariable("MIRROR_HTTP_BASE");
// The fixture server answers /delay after ms milliseconds: the FIRST request is the slowest
var url1 = $"{baseUrl}/delay?ms=300&body=url1-300ms";
var url2 = $"{baseUrl}/delay?ms=100&body=url2-100ms";
var url3 = $"{baseUrl}/delay?ms=200&body=url3-200ms";

using var client = new HttpClient();

async Task<string> FetchAsync(string url)
{
    var text = await client.GetStringAsync(url);
    Console.WriteLine($"completed: {text}"); // printed as each request finishes
    return text;
}

await client.GetStringAsync($"{baseUrl}/greeting.txt"); // warm-up: the first request pays one-time setup (JIT, connection)
var stopwatch = Stopwatch.StartNew();
#region core
var results = await Task.WhenAll(
    FetchAsync(url1),
    FetchAsync(url2),
    FetchAsync(url3)
);
// results is a string[] in the same order as the arguments
#endregion
var elapsed = stopwatch.Elapsed.TotalSeconds;
Console.WriteLine($"results: {string.Join(", ", results)}");
Console.WriteLine($"overlapped, took < 0.6 s (less than 0.3 + 0.1 + 0.2): {elapsed < 0.6}");
