// Card: Take/Concat/TakeWhile/Chunk vs itertools - islice on an iterator continues where it stopped, Take restarts
static string Show<T>(IEnumerable<T> items) => string.Join(" ", items);

#region core
static IEnumerable<int> Squares()
{
    for (int n = 1; ; n++)
        yield return n * n;                       // infinite: 1, 4, 9, ...
}

Console.WriteLine(Show(Squares().Take(4)));
Console.WriteLine(Show(Squares().Skip(4).TakeWhile(n => n < 50))); // each query restarts at 1: Skip(4)
Console.WriteLine(Show(new[] { 1, 2 }.Concat([3, 4])));
Console.WriteLine(Show(RunningTotal([1, 2, 3, 4])));
int[] xs = [1, 4, 9, 16];
Console.WriteLine(Show(xs.Zip(xs.Skip(1), (a, b) => $"{a}-{b}")));
Console.WriteLine(string.Join(" | ", Enumerable.Range(1, 7).Chunk(3).Select(Show)));

static IEnumerable<int> RunningTotal(IEnumerable<int> items)
{
    int total = 0;
    foreach (var item in items)
        yield return total += item;
}
#endregion
