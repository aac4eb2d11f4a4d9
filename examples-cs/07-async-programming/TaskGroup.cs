// Card: asyncio.TaskGroup + except* vs Task.WhenAll + AggregateException - every error is kept, and the group cancels the rest
using var cts = new CancellationTokenSource();

async Task<string> Job(string name, bool fail = false)
{
    await Task.Yield();
    if (fail)
    {
        cts.Cancel(); // a TaskGroup cancels the other tasks for you; WhenAll does not
        throw new InvalidOperationException($"{name} failed");
    }
    return name;
}

async Task<string> Slow(string name, CancellationToken token)
{
    try
    {
        await Task.Delay(10_000, token);
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine($"{name}: cancelled");
        throw;
    }
    return name;
}

#region core
var all = Task.WhenAll(Job("a"), Job("b", fail: true), Job("c", fail: true), Slow("slow", cts.Token));
try
{
    await all;
}
catch (InvalidOperationException)
{
    // await rethrows only the first error; the task's AggregateException holds them all
    var errors = all.Exception!.Flatten().InnerExceptions;
    Console.WriteLine($"errors: {string.Join(", ", errors.Select(e => e.Message))}");
}
#endregion

#region gather
try
{
    await Task.WhenAll(Job("a"), Job("b", fail: true), Job("c", fail: true));
}
catch (InvalidOperationException first)
{
    Console.WriteLine($"gather raised: {first.Message}");
}
#endregion
