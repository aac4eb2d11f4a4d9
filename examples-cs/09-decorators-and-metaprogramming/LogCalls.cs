// Card: a decorator vs a wrapper object - @log_calls runs once, at definition time, and replaces the function
#region core
var add = new LogCalls<int, int, int>("add", (a, b) => a + b);
#endregion

#region usage
Console.WriteLine("before the first call");
add.Invoke(2, 3);
add.Invoke(10, -4);
Console.WriteLine($"add was called {add.Calls} times");
#endregion

#region wrapper
sealed class LogCalls<T1, T2, TResult>
{
    private readonly string _name;
    private readonly Func<T1, T2, TResult> _func;

    public LogCalls(string name, Func<T1, T2, TResult> func)
    {
        Console.WriteLine($"decorating {name}");
        (_name, _func) = (name, func);
    }

    public int Calls { get; private set; }

    public TResult Invoke(T1 a, T2 b)
    {
        Calls++;
        TResult result = _func(a, b);
        Console.WriteLine($"call #{Calls}: {_name}({a}, {b}) -> {result}");
        return result;
    }
}
#endregion
