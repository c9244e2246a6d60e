// A worker for the pool's tests that fails while loading, before it can say it is ready.
throw new Error('This worker cannot start.')
