/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965; coefficients 1, 2, 0.5, 0.5 as in
 * Lagarias et al. 1998). Unconstrained: callers map bounded parameters through a transform.
 * Deterministic: same start, same result.
 */
export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
}

export function nelderMead(
  objective: (x: number[]) => number,
  start: readonly number[],
  options: { step?: number; maxEvaluations?: number; tolerance?: number } = {},
): NelderMeadResult {
  const dim = start.length;
  const step = options.step ?? 0.5;
  const maxEvaluations = options.maxEvaluations ?? 200 * dim;
  const tolerance = options.tolerance ?? 1e-8;
  let evaluations = 0;
  const f = (x: number[]): number => {
    evaluations++;
    const v = objective(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const simplex: number[][] = [start.slice()];
  for (let i = 0; i < dim; i++) {
    const p = start.slice();
    p[i] += step;
    simplex.push(p);
  }
  let values = simplex.map(f);
  while (evaluations < maxEvaluations) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const sorted = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    for (let i = 0; i <= dim; i++) simplex[i] = sorted[i];
    if (Math.abs(values[dim] - values[0]) <= tolerance * (Math.abs(values[0]) + tolerance)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) centroid[j] += simplex[i][j] / dim;
    const towards = (coefficient: number) => centroid.map((c, j) => c + coefficient * (simplex[dim][j] - c));
    const reflected = towards(-1);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = towards(-2);
      const fe = f(expanded);
      if (fe < fr) {
        simplex[dim] = expanded;
        values[dim] = fe;
      } else {
        simplex[dim] = reflected;
        values[dim] = fr;
      }
    } else if (fr < values[dim - 1]) {
      simplex[dim] = reflected;
      values[dim] = fr;
    } else {
      const outside = fr < values[dim];
      const contracted = towards(outside ? -0.5 : 0.5);
      const fc = f(contracted);
      if (fc < (outside ? fr : values[dim])) {
        simplex[dim] = contracted;
        values[dim] = fc;
      } else {
        for (let i = 1; i <= dim; i++) {
          simplex[i] = simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j]));
          values[i] = f(simplex[i]);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= dim; i++) if (values[i] < values[best]) best = i;
  return { x: simplex[best], value: values[best], evaluations };
}
