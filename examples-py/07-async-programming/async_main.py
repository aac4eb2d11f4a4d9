# Card: asyncio.run(main()) vs async Task Main / top-level await - Python starts the event loop explicitly
import asyncio

async def compute_async() -> int:
    await asyncio.sleep(0.1)
    return 42

# region core
async def main() -> int:
    result = await compute_async()
    print(f"main: {result}")
    return result

print("entry point: running main")
# Must explicitly run the event loop; it returns main's result and closes the loop
exit_value = asyncio.run(main())
print(f"entry point: main returned {exit_value}")
# endregion
