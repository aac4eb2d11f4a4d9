// Card: GroupBy vs dict grouping/itertools.groupby - groupby() only groups ADJACENT items: sort by the same key first
string[] words = ["apple", "bob", "avocado", "banana", "cherry", "blueberry"];

#region core
foreach (var group in words.GroupBy(w => w[0]))
    Console.WriteLine($"{group.Key}: {string.Join(", ", group)}");

foreach (var group in words.GroupBy(w => w.Length).OrderBy(g => g.Key))
    Console.WriteLine($"{group.Key}: {string.Join(", ", group)}");
#endregion
