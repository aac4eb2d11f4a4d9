# Card: requests inside async def vs await GetStringAsync - a blocking call freezes the whole event loop
import asyncio
import os
import time

import aiohttp
import requests

BASE = os.environ["MIRROR_HTTP_BASE"]

# region blocking
async def fetch_blocking(url: str) -> str:
    response = requests.get(url)  # blocks! nothing else on the event loop can run
    return response.text
# endregion

# region async
async def fetch_async(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as response:  # suspends: other tasks run meanwhile
        return await response.text()
# endregion

async def main() -> None:
    urls = [f"{BASE}/delay?ms=200&body=page{i}" for i in range(1, 4)]  # 200 ms each

    start = time.perf_counter()
    texts = await asyncio.gather(*(fetch_blocking(url) for url in urls))
    blocking = time.perf_counter() - start
    print(f"blocking fetches: {', '.join(texts)}")
    print(f"3 blocking fetches took >= 0.6 s: {blocking >= 0.6}")

    async with aiohttp.ClientSession() as session:
        start = time.perf_counter()
        texts = await asyncio.gather(*(fetch_async(session, url) for url in urls))
        concurrent = time.perf_counter() - start
    print(f"async fetches: {', '.join(texts)}")
    print(f"3 async fetches took < 0.6 s: {concurrent < 0.6}")

asyncio.run(main())
