/* Page fault IPC format: see seL4_Fault_VMFault and seL4_VMFault_* (libsel4
 * keeps this header empty for x86_64). */
#pragma once
