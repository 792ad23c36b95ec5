package io.s3flow.common.testing;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Clean-up for a server a test starts on another thread while it does something else, once that something else failed.
 */
public final class BackgroundStart {

    private BackgroundStart() {
    }

    /**
     * Waits for {@code starting} to end and closes what it started, here, before the caller goes on to throw
     * {@code failure}. A close chained to the start instead ({@code thenAccept(X::close)}) runs on another thread, which
     * the test JVM's exit cuts off (surefire's and the console launcher's {@code System.exit} wait for no thread): a test
     * that fails while a server is still starting would leave that server running. The wait ends by itself (every start
     * has its own deadline) and is not cut short by an interrupt, which is restored. A start that failed, or a close
     * that did (an Error too), is added to {@code failure} as suppressed, so neither hides it.
     */
    public static <T> void closeWhenStarted(Future<T> starting, Consumer<? super T> close, Throwable failure) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    close(starting.get(), close, failure);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    suppress(failure, e.getCause());
                    return;
                } catch (CancellationException e) {
                    suppress(failure, e);
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Closes what a start gave, here, before the caller goes on to throw {@code failure}: a close that fails (an Error
     * too, an assertion in it say) is added to {@code failure} as suppressed, so it does not hide it.
     */
    public static <T> void close(T started, Consumer<? super T> close, Throwable failure) {
        try {
            close.accept(started);
        } catch (RuntimeException | Error e) {
            suppress(failure, e);
        }
    }

    /** Keeps {@code also} beside {@code failure}, unless it is that failure or already its cause (a join's). */
    private static void suppress(Throwable failure, Throwable also) {
        if (also != failure && also != failure.getCause()) {
            failure.addSuppressed(also);
        }
    }
}
