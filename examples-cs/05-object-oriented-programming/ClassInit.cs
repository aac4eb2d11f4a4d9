// Card: constructors vs __init__ - fields are made by assigning to self; a list written at class level is ONE shared list (a C# static)
#region use
Cart ann = new("ann"), bob = new("bob");
ann.Items.Add("apple");
bob.Items.Add("bread");
Console.WriteLine($"{ann.Owner}: {string.Join(", ", ann.Items)}");
Console.WriteLine($"{bob.Owner}: {string.Join(", ", bob.Items)}");

BadCart x = new("x"), y = new("y");
x.Items.Add("apple");
y.Items.Add("bread");
Console.WriteLine($"{x.Owner}: {string.Join(", ", x.Items)}");
#endregion

#region core
class Cart(string owner)
{
    public string Owner { get; } = owner;
    public List<string> Items { get; } = [];        // initializer runs per instance
}

class BadCart(string owner)
{
    private static readonly List<string> shared = []; // what Python's class-level list really is
    public string Owner { get; } = owner;
    public List<string> Items => shared;
}
#endregion
