// Card: Where/Select/SelectMany/ToDictionary vs comprehensions - [...] runs now like ToList(), (...) is lazy; nested fors read outer-first
int[] nums = [1, 2, 3, 4, 5, 6];
string[] words = ["apple", "fig", "kiwi"];

#region core
var squares = nums.Where(n => n % 2 == 0).Select(n => n * n).ToList();
var lengths = words.ToDictionary(w => w, w => w.Length);
var initials = words.Append("avocado").Select(w => w[0]).ToHashSet();
var pairs = from x in "ab" from y in "12" select $"{x}{y}";  // query syntax reads like the comprehension
var lazy = nums.Select(n => n * n);
#endregion

Console.WriteLine(string.Join(", ", squares));
Console.WriteLine(string.Join(", ", lengths.Select(kv => $"{kv.Key}={kv.Value}")));
Console.WriteLine(string.Concat(initials.Order()));
Console.WriteLine(string.Join(" ", pairs));
Console.WriteLine(lazy.Sum());
