// Card: collections.Counter vs GroupBy/ToDictionary - a missing key counts 0, ties keep first-seen order
#region core
string[] words = "the cat and the hat and the bat".Split(' ');
var groups = words.GroupBy(w => w).ToList(); // groups come in first-seen order
Dictionary<string, int> counts = groups.ToDictionary(g => g.Key, g => g.Count());
Console.WriteLine($"{counts["the"]} {counts.GetValueOrDefault("dog")} {counts.Values.Sum()}");

foreach (var g in groups.OrderByDescending(g => g.Count()).Take(3))
    Console.WriteLine($"{g.Key}: {g.Count()}");

var letters = "mississippi".GroupBy(ch => ch).OrderBy(g => g.Key);
Console.WriteLine(string.Join(", ", letters.Select(g => $"{g.Key}={g.Count()}")));
#endregion
