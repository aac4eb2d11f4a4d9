// Card: try/except/else/finally - else runs only when nothing was raised, before finally; C# has no else, so that code sits inside try
#region core
static void Divide(int a, int b)
{
    try
    {
        int result = a / b;
        Console.WriteLine($"{a}/{b} = {result}"); // inside try: also covered by the catch
    }
    catch (DivideByZeroException)
    {
        Console.WriteLine($"{a}/{b}: cannot divide by zero");
    }
    finally
    {
        Console.WriteLine("done");
    }
}

Divide(7, 2);
Divide(7, 0);
#endregion
