// Card: ReferenceEquals vs is, Equals vs == - `is` is identity, `==` calls __eq__; never use `is` to compare numbers or strings
#region core
var a = new PointClass(1, 2);
var b = new PointClass(1, 2);
Console.WriteLine($"{a == b} {ReferenceEquals(a, b)}");
var c = new PointRecord(1, 2);
var d = new PointRecord(1, 2);
Console.WriteLine($"{c == d} {ReferenceEquals(c, d)}");
var alias = c;
Console.WriteLine(ReferenceEquals(alias, c));

// C#'s version of the cache accident: string literals are interned, built strings are not
string literal = "python", built = new string("python".ToCharArray());
Console.WriteLine($"{ReferenceEquals(literal, "python")} {ReferenceEquals(built, "python")}");
Console.WriteLine($"{literal == "python"} {built == "python"}");
#endregion

#region types
class PointClass(int x, int y)
{
    public int X => x;
    public int Y => y;
}

record PointRecord(int X, int Y);
#endregion
