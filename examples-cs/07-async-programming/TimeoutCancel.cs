// Card: asyncio.timeout and task.cancel() vs CancellationToken and WaitAsync - cancellation arrives as an exception inside the coroutine
async Task<string> SlowOperation(string name, CancellationToken token)
{
    try
    {
        await Task.Delay(10_000, token); // the token must be passed down by hand
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine($"{name}: cancelled, cleaning up");
        throw;
    }
    return name;
}

#region core
try
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
    await SlowOperation("first", timeout.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("first: timed out");
}

using var cts = new CancellationTokenSource();
var task = SlowOperation("second", cts.Token);
cts.Cancel();
try
{
    await task;
}
catch (OperationCanceledException)
{
    Console.WriteLine($"second: cancelled() is {task.IsCanceled}");
}
#endregion
