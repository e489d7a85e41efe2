#include "podium/enc.h"
