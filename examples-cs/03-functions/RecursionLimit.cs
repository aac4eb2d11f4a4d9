// Card: StackOverflowException vs RecursionError - Python stops at ~1000 frames with a catchable error; C# dies unless you check the stack
using System.Runtime.CompilerServices;

#region core
static int Depth(int n)
{
    // A StackOverflowException cannot be caught: it ends the process. Checking first turns
    // the overflow into an exception you can catch, as Python's RecursionError is.
    if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        throw new InsufficientExecutionStackException();
    return n == 0 ? 0 : 1 + Depth(n - 1);
}

static int DepthLoop(int n)
{
    int count = 0;
    while (n > 0)
    {
        n--;
        count++;
    }
    return count;
}

// A thread with a known 1 MB stack, so the example behaves the same on every machine.
var worker = new Thread(() =>
{
    Console.WriteLine(Depth(500));
    try
    {
        Depth(1_000_000);
    }
    catch (InsufficientExecutionStackException)
    {
        Console.WriteLine("too deep for recursion");
    }
    Console.WriteLine(DepthLoop(1_000_000));
}, maxStackSize: 1024 * 1024);
worker.Start();
worker.Join();
#endregion
