/**
 * The Pracharat loop: a group's problems and needs, each sent to the agency that usually helps (energy office,
 * public health and industry, commerce, a university, the Pracharat social enterprise, a bank, the tourism and
 * culture office, the agriculture office); members add their voice (+1), officers set priority and status and every
 * change is announced to the group; and support given to a group is recorded with the reason and told to every
 * registered group in the area — when one group gets support, every group hears why.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Needs and support")
package org.sanphalang.needs;
