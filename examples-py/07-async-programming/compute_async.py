# Card: async def f() -> int vs async Task<int> F() - annotate the result type, there is no Task<int> wrapper
import asyncio

# region core
async def compute_async() -> int:
    await asyncio.sleep(0.1)  # Task.Delay equivalent
    return 42
# endregion

async def main() -> None:
    # region use
    result = await compute_async()  # await unwraps the result, as in C#
    print(f"result: {result}")
    total = await compute_async() + await compute_async()  # await is an expression
    print(f"sum of two awaits: {total}")
    # endregion

asyncio.run(main())
