import ServiceLifecycle

/// Runs `pass` every `interval` until the service group shuts down gracefully.
func runPeriodically(every interval: Duration, _ pass: @escaping @Sendable () async -> Void) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            await pass()
            try? await Task.sleep(for: interval)
        }
    }
}
