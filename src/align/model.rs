//! The scoring model: features standardised, then an average of small
//! neural networks (or one logistic layer, when a net has no hidden
//! layer). The weights are data: `rules/lexicon/align-model.toml`, or a
//! file named by `model` in the `[align]` table of crosscheck.toml.

use serde::Deserialize;

use super::features::{Features, NAMES};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    features: Vec<String>,
    mean: Vec<f64>,
    scale: Vec<f64>,
    /// Each feature is clamped to [min, max] (the range it was fitted on)
    /// before scaling: a network must not extrapolate.
    #[serde(default)]
    min: Vec<f64>,
    #[serde(default)]
    max: Vec<f64>,
    threshold: f64,
    #[serde(default)]
    note: Option<String>,
    net: Vec<RawNet>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNet {
    /// One row of input weights per hidden unit; empty for a logistic model.
    #[serde(default)]
    hidden: Vec<Vec<f64>>,
    #[serde(default)]
    hidden_bias: Vec<f64>,
    output: Vec<f64>,
    output_bias: f64,
}

/// A network as the model evaluates it: the hidden layer's weights stored
/// input by input (`hidden[k * units + j]` is input `k`'s weight on unit
/// `j`), so that a block of units is summed in parallel lanes. Each unit
/// still adds its terms in input order, as a dot product of its row would:
/// the same sums, bit for bit.
#[derive(Clone, Debug)]
struct Net {
    units: usize,
    hidden: Vec<f64>,
    hidden_bias: Vec<f64>,
    output: Vec<f64>,
    output_bias: f64,
}

/// Hidden units summed together (a block fits in vector registers).
const LANES: usize = 16;

impl Net {
    fn of(raw: RawNet, inputs: usize) -> Net {
        let units = raw.hidden.len();
        let mut hidden = vec![0.0; inputs * units];
        for (j, row) in raw.hidden.iter().enumerate() {
            for (k, w) in row.iter().enumerate() {
                hidden[k * units + j] = *w;
            }
        }
        Net {
            units,
            hidden,
            hidden_bias: raw.hidden_bias,
            output: raw.output,
            output_bias: raw.output_bias,
        }
    }

    fn logit(&self, z: &[f64]) -> f64 {
        if self.units == 0 {
            return dot(&self.output, z) + self.output_bias;
        }
        let mut out = 0.0;
        for start in (0..self.units).step_by(LANES) {
            let width = LANES.min(self.units - start);
            let mut acc = [0.0f64; LANES];
            for (k, zk) in z.iter().enumerate() {
                let row = &self.hidden[k * self.units + start..][..width];
                match <&[f64; LANES]>::try_from(row) {
                    // A whole block: fixed widths the compiler vectorises.
                    Ok(row) => {
                        for (a, w) in acc.iter_mut().zip(row) {
                            *a += w * zk;
                        }
                    }
                    Err(_) => {
                        for (a, w) in acc.iter_mut().zip(row) {
                            *a += w * zk;
                        }
                    }
                }
            }
            let units = acc.iter().zip(&self.hidden_bias[start..start + width]);
            for ((a, b), w) in units.zip(&self.output[start..start + width]) {
                out += w * (a + b).max(0.0);
            }
        }
        out + self.output_bias
    }
}

/// A loaded model.
#[derive(Clone, Debug)]
pub struct Model {
    /// Index into [`NAMES`] of each input.
    inputs: Vec<usize>,
    mean: Vec<f64>,
    scale: Vec<f64>,
    min: Vec<f64>,
    max: Vec<f64>,
    nets: Vec<Net>,
    /// The score at or above which a pair aligns.
    pub threshold: f64,
}

impl Model {
    pub fn parse(text: &str) -> Result<Model, String> {
        let raw: RawModel = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| {
                let (l, c) = crate::diag::line_col(text, s.start);
                format!("line {l}, column {c}: ")
            });
            format!("{}{}", at.unwrap_or_default(), e.message())
        })?;
        let _ = raw.note;
        let n = raw.features.len();
        let mut seen = raw.features.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != n {
            return Err("a feature is listed twice".into());
        }
        let mut inputs = Vec::with_capacity(n);
        for f in &raw.features {
            let i = NAMES
                .iter()
                .position(|x| x == f)
                .ok_or_else(|| format!("unknown feature {f:?} (known: {})", NAMES.join(", ")))?;
            inputs.push(i);
        }
        if raw.mean.len() != n || raw.scale.len() != n {
            return Err(format!("mean and scale need {n} values, one per feature"));
        }
        let min = if raw.min.is_empty() {
            vec![f64::NEG_INFINITY; n]
        } else {
            raw.min
        };
        let max = if raw.max.is_empty() {
            vec![f64::INFINITY; n]
        } else {
            raw.max
        };
        if min.len() != n || max.len() != n || min.iter().zip(&max).any(|(a, b)| a > b || a.is_nan() || b.is_nan()) {
            return Err(format!("min and max need {n} values each, with min <= max"));
        }
        if raw.scale.iter().any(|s| !s.is_finite() || *s <= 0.0) {
            return Err("every scale must be a positive number".into());
        }
        if !(0.0..=1.0).contains(&raw.threshold) {
            return Err(format!("threshold {} is outside 0..=1", raw.threshold));
        }
        if raw.net.is_empty() {
            return Err("the model needs at least one [[net]]".into());
        }
        for (k, net) in raw.net.iter().enumerate() {
            let width = if net.hidden.is_empty() { n } else { net.hidden.len() };
            let ok = net.hidden.iter().all(|r| r.len() == n)
                && net.hidden_bias.len() == net.hidden.len()
                && net.output.len() == width;
            if !ok {
                return Err(format!(
                    "net {}: hidden rows need {n} weights, hidden_bias one per row, output one per hidden unit (or per feature without a hidden layer)",
                    k + 1
                ));
            }
            let all = net.hidden.iter().flatten().chain(&net.hidden_bias).chain(&net.output);
            if all.chain([&net.output_bias]).any(|w| !w.is_finite()) {
                return Err(format!("net {}: weights must be finite numbers", k + 1));
            }
        }
        Ok(Model {
            inputs,
            mean: raw.mean,
            scale: raw.scale,
            min,
            max,
            nets: raw.net.into_iter().map(|net| Net::of(net, n)).collect(),
            threshold: raw.threshold,
        })
    }

    /// The probability that the pair says the same thing, in 0..=1.
    pub fn score(&self, f: &Features) -> f64 {
        let mut z = [0.0; NAMES.len()];
        for (k, &i) in self.inputs.iter().enumerate() {
            z[k] = (f[i].clamp(self.min[k], self.max[k]) - self.mean[k]) / self.scale[k];
        }
        let z = &z[..self.inputs.len()];
        let mut total = 0.0;
        for net in &self.nets {
            total += 1.0 / (1.0 + (-net.logit(z)).exp());
        }
        total / self.nets.len() as f64
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logistic_model_without_hidden_layer() {
        let m = Model::parse(
            "features = [\"dice\"]\nmean = [0.5]\nscale = [0.25]\nthreshold = 0.5\n[[net]]\noutput = [4.0]\noutput_bias = 0.0\n",
        )
        .unwrap();
        let mut f = [0.0; NAMES.len()];
        f[0] = 0.5;
        assert!((m.score(&f) - 0.5).abs() < 1e-12);
        f[0] = 1.0;
        assert!(m.score(&f) > 0.99);
    }

    proptest::proptest! {
        /// The hidden layer, summed input by input in blocks of units,
        /// gives each unit the very sum a dot product of its row gives:
        /// scores equal to the last bit, with more units than one block.
        #[test]
        fn blocked_hidden_layer_sums_as_rows_do(
            weights in proptest::collection::vec(-3.0f64..3.0, 3 * 20 + 20 + 20 + 1),
            f in proptest::collection::vec(-2.0f64..2.0, 3),
        ) {
            let (rows, rest) = weights.split_at(3 * 20);
            let (bias, rest) = rest.split_at(20);
            let (output, out_bias) = rest.split_at(20);
            let list = |v: &[f64]| v.iter().map(|x| format!("{x:?}")).collect::<Vec<_>>().join(", ");
            let hidden: Vec<String> = rows.chunks(3).map(|r| format!("[{}]", list(r))).collect();
            let text = format!(
                "features = [\"dice\", \"cdice\", \"lendiff\"]\nmean = [0.5, 0.5, 1.0]\nscale = [0.25, 0.5, 2.0]\nthreshold = 0.5\n[[net]]\nhidden = [{}]\nhidden_bias = [{}]\noutput = [{}]\noutput_bias = {:?}\n",
                hidden.join(", "),
                list(bias),
                list(output),
                out_bias[0]
            );
            let m = Model::parse(&text).unwrap();
            let mut x = [0.0; NAMES.len()];
            (x[0], x[2], x[6]) = (f[0], f[1], f[2]);
            let z = [(f[0] - 0.5) / 0.25, (f[1] - 0.5) / 0.5, (f[2] - 1.0) / 2.0];
            let h = rows.chunks(3).zip(bias).map(|(r, b)| (dot(r, &z) + b).max(0.0));
            let logit = output.iter().zip(h).map(|(w, h)| w * h).sum::<f64>() + out_bias[0];
            let expected = 1.0 / (1.0 + (-logit).exp());
            proptest::prop_assert_eq!(m.score(&x).to_bits(), expected.to_bits());
        }
    }

    #[test]
    fn bad_models_are_explained() {
        let e = Model::parse(
            "features = [\"nope\"]\nmean=[0.0]\nscale=[1.0]\nthreshold=0.5\n[[net]]\noutput=[1.0]\noutput_bias=0.0\n",
        )
        .unwrap_err();
        assert!(e.contains("unknown feature \"nope\""), "{e}");
        let e = Model::parse(
            "features = [\"dice\"]\nmean=[0.0]\nscale=[0.0]\nthreshold=0.5\n[[net]]\noutput=[1.0]\noutput_bias=0.0\n",
        )
        .unwrap_err();
        assert!(e.contains("positive"), "{e}");
        let e = Model::parse(
            "features = [\"dice\"]\nmean=[0.0]\nscale=[1.0]\nthreshold=2\n[[net]]\noutput=[1.0]\noutput_bias=0.0\n",
        )
        .unwrap_err();
        assert!(e.contains("outside"), "{e}");
        let e = Model::parse("features = [\"dice\"]\nmean=[0.0]\nscale=[1.0]\nthreshold=0.5\n[[net]]\nhidden=[[1.0]]\nhidden_bias=[]\noutput=[1.0]\noutput_bias=0.0\n")
            .unwrap_err();
        assert!(e.contains("net 1"), "{e}");
        let e = Model::parse("features = [\"dice\"\n").unwrap_err();
        assert!(e.starts_with("line 1"), "{e}");
    }
}
