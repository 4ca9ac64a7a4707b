//! kura-import (being built)
