import numpy as np
import pytest

from gradanim.core.domain import Domain
from gradanim.core.errors import OptionError


def test_parse_and_properties():
    d = Domain.parse("-3,3,-2,2")
    assert d.bounds == ((-3, 3), (-2, 2))
    assert d.center.tolist() == [0, 0]
    assert d.contains([3, -2]) and not d.contains([3.1, 0])
    X, Y = d.grid(5)
    assert X.shape == (5, 5) and X[0].tolist() == [-3, -1.5, 0, 1.5, 3] and Y[:, 0].tolist() == [-2, -1, 0, 1, 2]


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "1,1,0,1", "0,1,inf,2", "3,2,0,1"])
def test_bad_domains(text):
    with pytest.raises(OptionError):
        Domain.parse(text)


def test_count_must_match():
    with pytest.raises(OptionError, match="needs 6 numbers"):
        Domain.parse("0,1,0,1", 3)
    assert np.allclose(Domain.square(2, 3).widths, 4)


def test_clip_segment_stops_at_the_edge():
    box = Domain(((-3.0, 3.0), (-1.5, 1.5)))
    assert np.allclose(box.clip_segment([0.0, 0.0], [0.0, 3.0]), [0.0, 1.5])
    assert np.allclose(box.clip_segment([-2.5, 1.0], [-2.0, -3.09]), [-2.5 + 0.5 * 2.5 / 4.09, -1.5])
    assert np.allclose(box.clip_segment([2.0, 0.0], [4.0, 1.0]), [3.0, 0.5])
