// Card: x.GetType().Name / switch on type vs type(x).__name__ / match - and True is also an int in Python
var pyNames = new Dictionary<Type, string>
{
    [typeof(int)] = "int", [typeof(double)] = "float", [typeof(string)] = "str",
    [typeof(bool)] = "bool", [typeof(decimal)] = "Decimal",
};

#region core
static string Describe(object value) => value switch
{
    bool => "a flag",
    int or double or decimal => "a number",
    string => "text",
    _ => "something else",
};

object[] values = [42, 3.5, "hi", true, 1.10m];
foreach (var value in values)
{
    var csName = value.GetType().Name;   // Int32, Double, String, Boolean, Decimal
    Console.WriteLine($"{value,5}  {pyNames[value.GetType()],-7} {csName,-7} {Describe(value)}");
}

object number = 3.5;
bool[] flags = [true, false, true];
Console.WriteLine($"{number is int or double} {flags.Count(f => f)}");   // true is not an int in C#: count them
#endregion
