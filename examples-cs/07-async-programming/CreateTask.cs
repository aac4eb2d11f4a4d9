// Card: asyncio.create_task(work()) vs calling an async method - a bare coroutine does nothing until awaited
async Task<string> Work(string name, int ms)
{
    Console.WriteLine($"{name}: started");
    await Task.Delay(ms); // the first await: the task suspends here
    return name.ToUpperInvariant();
}

#region core
var slow = Work("slow", 300); // a hot task: runs synchronously up to its first await
var fast = Work("fast", 100);
Console.WriteLine("main: both tasks are running");
Console.WriteLine($"main: got {await slow} and {await fast}");
Console.WriteLine($"main: a task can be awaited again: {await slow}");
#endregion
