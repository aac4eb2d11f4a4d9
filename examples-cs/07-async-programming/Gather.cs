// Card: asyncio.gather vs Task.WhenAll - results come back in argument order, not completion order; on failure they differ
var baseUrl = Environment.GetEnvironmentVariable("MIRROR_HTTP_BASE");
using var client = new HttpClient();
var completed = new List<string>(); // completion order, recorded by the fetches themselves

async Task<string> FetchAsync(string name, Task? after, TaskCompletionSource done)
{
    if (after is not null)
        await after; // explicit order: this request waits for another one to finish
    var text = await client.GetStringAsync($"{baseUrl}/delay?ms=20&body={name}");
    lock (completed) completed.Add(text);
    done.SetResult();
    return text;
}

async Task<string> Step(string name, bool fail)
{
    await Task.Yield();
    if (fail)
        throw new InvalidOperationException($"{name} failed");
    return name;
}

TaskCompletionSource done1 = new(), done2 = new(), done3 = new();
#region core
var results = await Task.WhenAll(
    FetchAsync("url1", after: done3.Task, done: done1), // finishes last
    FetchAsync("url2", after: null, done: done2),       // finishes first
    FetchAsync("url3", after: done2.Task, done: done3)
);
// results is a string[] in the same order as the arguments
#endregion
Console.WriteLine($"completed: {string.Join(", ", completed)}");
Console.WriteLine($"results:   {string.Join(", ", results)}");

#region failure
// WhenAll waits for every task; awaiting it rethrows the first exception, and each task keeps its outcome
Task<string>[] steps = [Step("a", fail: false), Step("b", fail: true), Step("c", fail: false)];
try
{
    await Task.WhenAll(steps);
}
catch (InvalidOperationException)
{
}
Console.WriteLine(string.Join(", ", steps.Select(t =>
    t.IsCompletedSuccessfully ? t.Result : $"error: {t.Exception!.InnerException!.Message}")));
#endregion
