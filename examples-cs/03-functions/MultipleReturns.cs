// Card: tuple returns and deconstruction vs returning a tuple - `return a, b` builds a tuple, unpack it with a, b = ...
#region core
static (int, int) MinMax(int[] values) => (values.Min(), values.Max());

var (low, high) = MinMax([3, 9, 1, 7]);
Console.WriteLine($"{low} {high}");
var pair = MinMax([5, 2]);
Console.WriteLine($"{pair} {pair.Item1}");

var (quotient, _) = Math.DivRem(17, 5);
int[] numbers = [1, 2, 3, 4];
if (numbers is [var first, .. var rest])         // list pattern with a slice
    Console.WriteLine($"{quotient} {first} [{string.Join(", ", rest)}]");
var single = ValueTuple.Create(5);               // C# has no (5,) syntax
Console.WriteLine($"{single.Item1} {(5) == 5}");

static (double Mean, int Count) Stats(int[] values) => (values.Average(), values.Length);

var result = Stats([1, 2, 3, 4]);
Console.WriteLine($"{result.Mean} {result.Count}");
#endregion
