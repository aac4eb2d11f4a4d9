// Card: : base(...) and override vs super() - every Python method is virtual, and super().__init__() is an ordinary call you can forget
var m = new Manager("ada", 500);
Console.WriteLine(m.Describe());
Console.WriteLine($"{m is Employee} {m.GetType().Name}");

#region core
class Employee
{
    public string Name { get; }

    public Employee(string name)
    {
        Console.WriteLine($"init Employee({name})");
        Name = name;
    }

    public virtual int Pay() => 1000;              // must be virtual to be overridden
    public string Describe() => $"{Name} earns {Pay()}";
}

class Manager : Employee
{
    public int Bonus { get; }

    public Manager(string name, int bonus) : base(name)  // always runs first
    {
        Console.WriteLine($"init Manager({bonus})");
        Bonus = bonus;
    }

    public override int Pay() => base.Pay() + Bonus;
}
#endregion
