package io.personalizekit.benchmarks.csv;

import java.io.Writer;

/** A Writer that discards characters and counts them: the common sink of the write benchmarks. */
final class CountingWriter extends Writer {
    long chars;

    @Override
    public void write(char[] cbuf, int off, int len) {
        chars += len;
    }

    @Override
    public void write(String str, int off, int len) {
        chars += len;
    }

    @Override
    public void write(int c) {
        chars++;
    }

    @Override
    public Writer append(CharSequence csq) {
        chars += csq.length();
        return this;
    }

    @Override
    public Writer append(CharSequence csq, int start, int end) {
        chars += end - start;
        return this;
    }

    @Override
    public Writer append(char c) {
        chars++;
        return this;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
