// Card: Func<T, TResult> and x => ... vs Callable and lambda x: ... - a lambda is one expression; use def for anything more
#region core
static int ApplyTwice(Func<int, int> f, int x) => f(f(x));

static int Square(int x) => x * x;

Console.WriteLine(ApplyTwice(Square, 3));
Console.WriteLine(ApplyTwice(x => x + 10, 3));

string[] words = ["banana", "Cherry", "apple"];
Console.WriteLine(Show(words.Order(StringComparer.Ordinal)));  // Order() alone is culture-aware
Console.WriteLine(Show(words.OrderBy(w => w.ToLowerInvariant(), StringComparer.Ordinal)));
Console.WriteLine(Show(words.OrderBy(w => w.Length).ThenBy(w => w, StringComparer.Ordinal)));
Console.WriteLine($"{Show(words.Select(w => w[0].ToString()))} {Show(words.Where(w => w.Contains('a')))}");
#endregion

static string Show(IEnumerable<string> items) => $"[{string.Join(", ", items.Select(s => $"'{s}'"))}]";
