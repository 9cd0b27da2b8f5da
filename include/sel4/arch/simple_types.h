/* x86 has nothing beyond the x86_64 definitions. */
#pragma once
