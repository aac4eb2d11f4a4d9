// Card: isinstance/issubclass vs is/IsSubclassOf - isinstance accepts subclasses, type(x) is C does not; a class is a callable object
#region core
Animal[] pets = [new Dog(), new Animal()];
foreach (Animal pet in pets)
    Console.WriteLine($"{pet.GetType().Name} {pet is Animal} {pet.GetType() == typeof(Animal)}");

var chain = new List<string>();
for (Type? t = typeof(Dog); t is not null && t != typeof(object); t = t.BaseType)
    chain.Add(t.Name);
Console.WriteLine(string.Join(" -> ", chain));

object clone = Activator.CreateInstance(pets[0].GetType())!;
Console.WriteLine($"{clone.GetType().Name} {typeof(Dog).IsSubclassOf(typeof(Animal))} {typeof(Animal).IsSubclassOf(typeof(Dog))}");
#endregion

class Animal;
class Dog : Animal;
