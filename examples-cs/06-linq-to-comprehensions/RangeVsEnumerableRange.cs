// Card: Enumerable.Range(start, count) vs range(start, stop) - the 2nd argument differs: range(1, 5) stops at 4
#region core
var wrong = Enumerable.Range(1, 4);           // what range(1, 5) really is
var right = Enumerable.Range(1, 5);           // 1, 2, 3, 4, 5
Console.WriteLine($"{Show(wrong)} {Show(right)}");

var (start, count) = (10, 3);
Console.WriteLine(Show(Enumerable.Range(start, count)));
Console.WriteLine(Show(Enumerable.Range(0, 4).Select(i => i * 3)));
Console.WriteLine(Show(Enumerable.Range(1, 3).Reverse()));
#endregion

static string Show(IEnumerable<int> xs) => $"[{string.Join(", ", xs)}]";
