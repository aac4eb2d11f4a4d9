// Card: deferred LINQ vs generators - both lazy, but a generator is ONE-SHOT (like an IEnumerator); a LINQ query re-runs
int[] source = [1, 2, 3, 4];

#region core
var query = source.Where(IsEven).Select(n => n * 10);
Console.WriteLine("built: nothing checked yet");
using var gen = query.GetEnumerator();  // a Python generator behaves like this enumerator
while (gen.MoveNext())
    Console.WriteLine($"got {gen.Current}");
var rest = new List<int>();
while (gen.MoveNext())                  // already at the end
    rest.Add(gen.Current);
Console.WriteLine($"second pass: [{string.Join(", ", rest)}]");

Console.WriteLine($"re-run: [{string.Join(", ", query)}]"); // enumerating the query runs it again
#endregion

static bool IsEven(int n)
{
    Console.WriteLine($"  check {n}");
    return n % 2 == 0;
}
