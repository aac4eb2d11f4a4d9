// Card: async def f() -> int vs async Task<int> F() - annotate the result type, there is no Task<int> wrapper
#region use
var result = await ComputeAsync(); // await unwraps the result
Console.WriteLine($"result: {result}");
var total = await ComputeAsync() + await ComputeAsync(); // await is an expression
Console.WriteLine($"sum of two awaits: {total}");
#endregion

#region core
async Task<int> ComputeAsync()
{
    await Task.Delay(100);
    return 42;
}
#endregion
