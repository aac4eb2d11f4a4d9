// Card: lambdas capturing a loop variable - Python's `for` reuses ONE variable (like C#'s `for`), so bind it with i=i
#region core
var late = new List<Func<int>>();
int shared = 0;                      // one variable for every lambda, like Python's loop variable
foreach (var i in Enumerable.Range(0, 3))
{
    shared = i;
    late.Add(() => shared);
}
Console.WriteLine(Show(late));

var bound = new List<Func<int>>();
foreach (var i in Enumerable.Range(0, 3))
    bound.Add(() => i);              // foreach declares a fresh i per iteration
Console.WriteLine(Show(bound));

var counted = new List<Func<int>>();
for (int n = 0; n < 3; n++)          // for: one n shared by all iterations
    counted.Add(() => n);
Console.WriteLine(Show(counted));
#endregion

static string Show(List<Func<int>> funcs) => $"[{string.Join(", ", funcs.Select(f => f()))}]";
