// Card: interfaces vs Protocol/ABC - a Protocol matches by shape (no ": IShape" needed); an ABC refuses instantiation at RUN time
Console.WriteLine(TotalArea([new Rect(2, 3), new Rect(1, 4)]));
var dog = new Dog();
Console.WriteLine($"{dog.Speak()} {dog is Animal}");
try
{
    Activator.CreateInstance(typeof(Animal)); // `new Animal()` does not even compile
}
catch (MissingMethodException)
{
    Console.WriteLine("cannot instantiate Animal");
}

static int TotalArea(IEnumerable<IShape> shapes) => shapes.Sum(s => s.Area());

#region core
interface IShape
{
    int Area();
}

class Rect(int w, int h) : IShape   // must declare the interface
{
    public int Area() => w * h;
}

abstract class Animal
{
    public abstract string Sound();
    public string Speak() => $"{GetType().Name} says {Sound()}";
}

class Dog : Animal
{
    public override string Sound() => "woof";
}
#endregion
