// Card: requests inside async def vs await GetStringAsync - a blocking call freezes the whole event loop
using System.Diagnostics;

var baseUrl = Environment.GetEnvironmentVariable("MIRROR_HTTP_BASE");
using var client = new HttpClient();

#region blocking
async Task<string> FetchBlocking(string url)
{
    // Synchronous Send: blocks this thread before the method ever reaches an await
    using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url));
    return await response.Content.ReadAsStringAsync();
}
#endregion

#region async
async Task<string> FetchAsync(string url)
{
    return await client.GetStringAsync(url); // suspends: the thread is free meanwhile
}
#endregion

var urls = Enumerable.Range(1, 3).Select(i => $"{baseUrl}/delay?ms=200&body=page{i}").ToArray(); // 200 ms each

var stopwatch = Stopwatch.StartNew();
var texts = await Task.WhenAll(urls.Select(FetchBlocking));
var blocking = stopwatch.Elapsed.TotalSeconds;
Console.WriteLine($"blocking fetches: {string.Join(", ", texts)}");
Console.WriteLine($"3 blocking fetches took >= 0.6 s: {blocking >= 0.6}");

stopwatch.Restart();
texts = await Task.WhenAll(urls.Select(FetchAsync));
var concurrent = stopwatch.Elapsed.TotalSeconds;
Console.WriteLine($"async fetches: {string.Join(", ", texts)}");
Console.WriteLine($"3 async fetches took < 0.6 s: {concurrent < 0.6}");
