# Card: Stack<T>/Queue<T> vs list/collections.deque - popleft() on a deque, never list.pop(0) (O(n)); a list iterates bottom-first
from collections import deque

# region core
stack: list[str] = []
for item in ["a", "b", "c"]:
    stack.append(item)                 # Push
print(stack[-1], ", ".join(reversed(stack)))  # Peek; reversed = Stack<T>'s top-first order
print(stack.pop(), stack.pop())        # Pop, Pop

queue: deque[str] = deque()
for item in ["a", "b", "c"]:
    queue.append(item)                 # Enqueue
print(queue[0], ", ".join(queue))           # Peek; front-first like Queue<T>
while queue:                           # empty collections are falsy
    print(f"served {queue.popleft()}")  # Dequeue
try:
    queue.popleft()
except IndexError:                     # C#: InvalidOperationException
    print("queue is empty")
# endregion
