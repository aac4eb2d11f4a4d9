// Card: yield return vs yield - the body runs lazily in both (even argument checks), and yield from replaces a re-yielding foreach
#region use
var numbers = Countdown(3);
Console.WriteLine("created");
foreach (var n in numbers)
    Console.WriteLine(n);
var bad = Countdown(-1);                 // no error yet: nothing has run
try
{
    bad.First();
}
catch (ArgumentException e)
{
    Console.WriteLine($"error on first use: {e.Message}");
}
Console.WriteLine(string.Join(", ", WithZero()));
#endregion

#region core
static IEnumerable<int> Countdown(int n)
{
    Console.WriteLine($"  start {n}");   // runs at the first MoveNext(), not at the call
    if (n < 0)
        throw new ArgumentException("n must be >= 0"); // deferred too
    while (n > 0)
    {
        yield return n;
        n--;
    }
    Console.WriteLine("  done");         // runs when the loop asks for one more item
}

static IEnumerable<int> WithZero()
{
    foreach (var n in Countdown(2))      // no `yield from` in C#
        yield return n;
    yield return 0;
}
#endregion
