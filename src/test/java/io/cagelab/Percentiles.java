package io.cagelab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Nearest-rank percentiles for the benchmarks' timings.
 */
public final class Percentiles {

	private Percentiles() {
	}

	public static double of(List<Double> values, double fraction) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get((int) Math.ceil(fraction * sorted.size()) - 1);
	}

}
