#include "podium/cli.h"
