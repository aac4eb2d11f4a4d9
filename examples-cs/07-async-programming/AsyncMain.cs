// Card: asyncio.run(main()) vs async Task Main / top-level await - Python starts the event loop explicitly
#region core
async Task<int> MainAsync()
{
    var result = await ComputeAsync();
    Console.WriteLine($"main: {result}");
    return result;
}

Console.WriteLine("entry point: running main");
// Top-level await: the compiler wraps these statements in `static async Task Main()`
var exitValue = await MainAsync();
Console.WriteLine($"entry point: main returned {exitValue}");
#endregion

async Task<int> ComputeAsync()
{
    await Task.Delay(100);
    return 42;
}
