// Card: Sum/Aggregate/Average vs sum/functools.reduce/statistics.mean - on an empty sequence sum() is 0, but reduce() without a seed raises
int[] prices = [3, 5, 2, 4];
int[] empty = [];

#region core
Console.WriteLine($"{prices.Sum()} {prices.Max()} {prices.Length} {prices.Average()}");
Console.WriteLine(prices.Aggregate(1, (acc, p) => acc * p));
Console.WriteLine(new[] { "a", "b", "c" }.Aggregate((acc, w) => $"{acc}-{w}"));
Console.WriteLine($"{empty.Sum()} {empty.DefaultIfEmpty(0).Max()}");
try
{
    empty.Aggregate((a, b) => a + b);
}
catch (InvalidOperationException)
{
    Console.WriteLine("no seed, no elements");
}
#endregion
