# Card: aiohttp.ClientSession vs HttpClient.GetStringAsync - session and response are `async with` blocks
# region core
import asyncio
import os

import aiohttp

BASE = os.environ["MIRROR_HTTP_BASE"]  # the course's local fixture server

async def fetch_async(url: str) -> str:
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            response.raise_for_status()  # GetStringAsync throws on 4xx/5xx; aiohttp only if asked
            return await response.text()

async def main() -> None:
    data = await fetch_async(f"{BASE}/greeting.txt")
    print(data)

asyncio.run(main())
# endregion
