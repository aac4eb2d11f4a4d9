// Card: ValueTuple and deconstruction vs tuple unpacking - the comma makes a tuple, not the parentheses: (5,) vs (5)
#region core
var (lo, hi) = MinMax([7, 2, 9, 4]);
Console.WriteLine($"{lo} {hi}");
var (a, b) = (1, 2);
(a, b) = (b, a);
Console.WriteLine($"{a} {b}");
int[] numbers = [1, 2, 3, 4];
if (numbers is [var first, .. var rest])
    Console.WriteLine($"{first} [{string.Join(", ", rest)}]");
foreach (var (i, name) in new[] { "ann", "bob" }.Index())  // .NET 9+
    Console.WriteLine($"{i} {name}");
var single = ValueTuple.Create(5);  // C# has no (5,) syntax
Console.WriteLine($"{single.Item1} {(5) == 5}");
#endregion

static (int Min, int Max) MinMax(IEnumerable<int> values) => (values.Min(), values.Max());
