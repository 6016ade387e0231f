/**
 * A dense row-major matrix of feature values: row i, feature f is `values[i * numFeatures + f]`.
 * NaN means "missing"; the learner gives missing values their own bin.
 */
export interface FeatureMatrix {
  readonly numRows: number;
  readonly numFeatures: number;
  readonly values: Float64Array | Float32Array;
}

/** Builds a matrix from an array of equal-length rows (convenient in tests and small callers). */
export function matrixFromRows(rows: readonly (readonly number[])[]): FeatureMatrix {
  const numRows = rows.length;
  const numFeatures = numRows > 0 ? rows[0].length : 0;
  const values = new Float64Array(numRows * numFeatures);
  for (let i = 0; i < numRows; i++) {
    const row = rows[i];
    if (row.length !== numFeatures) {
      throw new Error(`matrixFromRows: row ${i} has ${row.length} values, expected ${numFeatures}`);
    }
    for (let f = 0; f < numFeatures; f++) values[i * numFeatures + f] = row[f];
  }
  return { numRows, numFeatures, values };
}
