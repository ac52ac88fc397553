package io.cagelab.terminal;

import java.util.Arrays;

/**
 * The last bytes a terminal wrote, up to a capacity: what a watcher who comes in mid-way is shown first. It grows as
 * output comes, so that a terminal that wrote little holds little. Not thread-safe: its owner locks.
 */
final class RecentOutput {

	private static final int INITIAL = 4096;

	/** How far into the kept bytes a line's start is looked for, once the oldest output was let go. */
	private static final int LINE_START_SEARCH = 4096;

	private final int capacity;

	private byte[] ring;

	/** Where the oldest kept byte is. */
	private int start;

	private int size;

	/** Some output was let go: the oldest kept byte may be in the middle of a line or a character. */
	private boolean truncated;

	RecentOutput(int capacity) {
		this.capacity = capacity;
		this.ring = new byte[Math.min(INITIAL, capacity)];
	}

	void append(byte[] bytes) {
		int offset = Math.max(0, bytes.length - this.capacity);
		int length = bytes.length - offset;
		if (this.size + length > this.ring.length && this.ring.length < this.capacity) {
			grow(Math.min(this.capacity, Math.max(this.size + length, this.ring.length * 2)));
		}
		int end = (this.start + this.size) % this.ring.length;
		int first = Math.min(length, this.ring.length - end);
		System.arraycopy(bytes, offset, this.ring, end, first);
		System.arraycopy(bytes, offset + first, this.ring, 0, length - first);
		int overflow = this.size + length - this.ring.length;
		if (overflow > 0) {
			this.start = (this.start + overflow) % this.ring.length;
			this.size = this.ring.length;
		}
		else {
			this.size += length;
		}
		this.truncated |= offset > 0 || overflow > 0;
	}

	/**
	 * Return the kept bytes, oldest first. When older output was let go, they start at a line's start if one is near,
	 * so that a replay does not begin inside an escape sequence or a character.
	 */
	byte[] snapshot() {
		byte[] all = linear(this.size);
		int from = 0;
		if (this.truncated) {
			for (int i = 0; i < Math.min(all.length, LINE_START_SEARCH); i++) {
				if (all[i] == '\n') {
					from = i + 1;
					break;
				}
			}
		}
		return (from == 0) ? all : Arrays.copyOfRange(all, from, all.length);
	}

	private void grow(int length) {
		this.ring = linear(length);
		this.start = 0;
	}

	private byte[] linear(int length) {
		byte[] copy = new byte[length];
		int first = Math.min(this.size, this.ring.length - this.start);
		System.arraycopy(this.ring, this.start, copy, 0, first);
		System.arraycopy(this.ring, 0, copy, first, this.size - first);
		return copy;
	}

}
