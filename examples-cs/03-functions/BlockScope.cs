// Card: block scope vs function scope - a name bound in a loop or an if outlives the block; a branch that never ran leaves it unbound
#region core
static void Summarize(int[] numbers)
{
    int? last = null, square = null;   // to use them after the loop, declare them before it
    foreach (var n in numbers)         // n itself dies at the closing brace
    {
        last = n;
        square = n * n;
    }
    if (last is not null)              // reading an unassigned local does not compile (CS0165)
        Console.WriteLine($"after the loop: n={last} square={square}");
    else
        Console.WriteLine("after the loop: nothing bound");

    string label;                      // declared outside the if, assigned in both branches
    if (numbers.Length > 0)
        label = "some";
    else
        label = "none";
    Console.WriteLine($"label={label}");
}

Summarize([1, 2, 3]);
Summarize([]);
#endregion
