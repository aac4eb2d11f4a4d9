// Card: @contextmanager vs an IDisposable helper - the code after yield only runs on an error if yield sits in try/finally
#region core
static Scope Tag(string name)
{
    Console.WriteLine($"<{name}>");
    return new Scope(() => Console.WriteLine($"</{name}>"));
}

using (Tag("ul"))
using (Tag("li"))
{
    Console.WriteLine("item");
}

try
{
    using (Tag("p"))
        throw new InvalidOperationException("boom");
}
catch (InvalidOperationException e)
{
    Console.WriteLine($"caught {e.Message} after </p>");
}
#endregion

#region suppress
int zero = 0;
try { Console.WriteLine(1 / zero); }
catch (DivideByZeroException) { } // swallowed on purpose
Console.WriteLine("still running");
#endregion

sealed class Scope(Action onDispose) : IDisposable
{
    public void Dispose() => onDispose();
}
