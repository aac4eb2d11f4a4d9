// Card: Func<T, TResult> and x => ... vs Callable and lambda x: ... - a lambda is one expression; use def for anything more
#region core
static int ApplyTwice(Func<int, int> f, int x) => f(f(x));

static int Square(int x) => x * x;

Console.WriteLine(ApplyTwice(Square, 3));
Console.WriteLine(ApplyTwice(x => x + 10, 3));

string[] words = ["banana", "Cherry", "apple"];
Console.WriteLine(string.Join(", ", words.Order(StringComparer.Ordinal)));  // Order() alone is culture-aware
Console.WriteLine(string.Join(", ", words.OrderBy(w => w.ToLowerInvariant(), StringComparer.Ordinal)));
Console.WriteLine(string.Join(", ", words.OrderBy(w => w.Length).ThenBy(w => w, StringComparer.Ordinal)));
Console.WriteLine($"{string.Join(", ", words.Select(w => w[0]))} | {string.Join(", ", words.Where(w => w.Contains('a')))}");
#endregion
